"""The resident's forms on *Mina planer*. Each carries `key`, the idempotency key of its POST:
a double click confirms once and sends one message."""

from django import forms

from navet.access.forms import KeyedForm
from navet.plans.citizen import QUESTION_MAX


class ConfirmReadForm(KeyedForm):
    def __init__(self, *args, **kwargs):
        # Two forms on one page: their hidden keys must not share an id.
        kwargs.setdefault("auto_id", "read_%s")
        super().__init__(*args, **kwargs)


class QuestionForm(KeyedForm):
    text = forms.CharField(
        label="Din fråga eller kommentar",
        help_text="Den går till din samordnare. Skriv inte sådant som är bråttom – ring då i "
        "stället, eller 112 om det är akut.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=QUESTION_MAX,
        error_messages={
            "required": "Skriv din fråga eller kommentar.",
            "max_length": f"Skriv högst {QUESTION_MAX} tecken.",
        },
    )


class GuardianQuestionForm(QuestionForm):
    """The same question, written by a guardian about a child's plan."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = (
            "Den går till barnets samordnare, märkt med att den kommer från dig som "
            "vårdnadshavare. Skriv inte sådant som är bråttom – ring då i stället, eller 112 om "
            "det är akut."
        )
