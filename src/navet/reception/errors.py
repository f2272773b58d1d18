class ReceptionError(Exception):
    """A refused change, with a Swedish message for the page."""

    def __init__(self, message: str, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code
