"""The inbox item kinds of the digital waiting room. A question's inbox item has no inbox
deadline of its own: the consultation's response-time deadline (navet.remote.config) governs it,
and the waiting room escalates it itself (services.escalate_overdue)."""

from navet.messaging.kinds import register_kind

QUESTION = register_kind("consultation_question", "Konsultationsfråga", escalates=False)
ANSWER = register_kind("consultation_answer", "Konsultationssvar", deadline_hours=24)
OVERDUE = register_kind("consultation_overdue", "Obesvarad konsultation", escalates=False)
