class MobileError(Exception):
    """A refusal with a Swedish message for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
