"""Care relationships, consent, blocks, emergency access and the audit log arrive with issue
"Trust". The app is wired now so that other apps can already depend on `navet.access` as the gate.
"""
