from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's login form in Navet's Swedish; never says which of the two fields was wrong."""

    error_messages = {
        "invalid_login": "Fel användarnamn eller lösenord.",
        "inactive": "Kontot är spärrat. Kontakta din administratör.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Användarnamn"
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].label = "Lösenord"
