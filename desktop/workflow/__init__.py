"""The break-confidentiality workflow: eight steps over one incident, with no Qt.

``steps`` names the steps and how to move between them; ``fields`` holds each step's typed
fields and the list-editor inputs; ``rules`` says what each step needs by exception type and
``safeguards`` what the law forbids or cautions about; ``engine`` is the state machine that
saves drafts, completes steps and signs off (sealing the incident with ``sealing``'s hash).
``records``, ``review``, ``deadlines``, ``assemble``, ``views``, ``describe`` and ``timeline``
read an incident for the service, the wizard and the report.
"""
