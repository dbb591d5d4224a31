"""What each step needs before it is complete, by exception type.

Grounded in /work/shared/domain/regulatory.md, section 7 (what to document when breaking
confidentiality) and the HIPAA rules it cites; the legal warnings and refusals live in
``safeguards``. Functions here are pure: the engine gathers a :class:`StepContext` from the
vault and asks. Every message names fields in plain words and never repeats client data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from desktop.domain import ExceptionType, RecipientRole, WorkflowStep
from desktop.workflow import validation as v
from desktop.workflow.exceptions import Section, kinds_with, profile
from desktop.workflow.fields import (
    ClientNotificationFields,
    Communicator,
    DisclosureDecision,
    DisclosureFields,
    LegalCounselFields,
    ReviewFields,
    SignOffFields,
    SituationFields,
    StepFields,
)

E = ExceptionType
DANGER = kinds_with(Section.RISK)
ABUSE = kinds_with(Section.ABUSE)


@dataclass(frozen=True)
class StepContext:
    """What the rules need beyond a step's own fields: the incident's list rows, counted."""

    exception_type: ExceptionType
    situation: SituationFields
    client_self_pay_restriction: bool = False
    evidence_count: int = 0
    consultation_count: int = 0
    legal_counsel_count: int = 0
    option_count: int = 0
    disclosure_roles: tuple[RecipientRole, ...] = ()
    attempt_count: int = 0
    notification: ClientNotificationFields = field(default_factory=ClientNotificationFields)
    discharge_gaps: tuple[str, ...] = ()
    """What the state's mandatory duty still needs (see ``discharge``)."""


def field_label(cls: type, name: str) -> str:
    """The plain label of one field of a step dataclass."""
    for item in dataclasses.fields(cls):
        if item.name == name:
            return str(item.metadata.get("label", name.replace("_", " ")))
    raise KeyError(name)


def not_applicable_refusal(step: WorkflowStep, exception: ExceptionType) -> str | None:
    """Why ``step`` may not be marked not applicable for this exception, or None if it may."""
    if step is WorkflowStep.SIGN_OFF:
        return "Sign-off cannot be skipped: it is how the incident is finalized."
    if step is WorkflowStep.SITUATION:
        return "The situation is the heart of the record and cannot be marked not applicable."
    if step is WorkflowStep.DISCLOSURE:
        return (
            "Record the disclosures made, or the decision not to disclose and its rationale; "
            "this step cannot be marked not applicable."
        )
    if step is WorkflowStep.CLIENT_NOTIFICATION and profile(exception).report_roles:
        return (
            "For an abuse report, record whether the client (and, for an adult victim, the "
            "victim) was told, or why not (45 CFR 164.512(c)(2); NASW 1.07(d)); this step "
            "cannot be marked not applicable."
        )
    return None


def problems(step: WorkflowStep, data: StepFields, ctx: StepContext) -> list[str]:
    """What is still missing before ``step`` can be completed (empty when it can be)."""
    return _CHECKS[step](data, ctx)


def _situation(data: StepFields, ctx: StepContext) -> list[str]:
    assert isinstance(data, SituationFields)
    kind = profile(ctx.exception_type)
    missing: list[str] = []
    need = _collector(missing, SituationFields)
    if kind.needs_account:
        if not (data.statement.strip() or data.observations.strip()):
            missing.append("what was said (verbatim) or what was observed")
        if data.occurred_at is None and data.learned_at is None:
            missing.append("when it was said or happened, or when you learned it")
    if kind.needs_communicator:
        need("communicated_by", data.communicated_by is not None)
        if data.communicated_by not in (None, Communicator.CLIENT):
            need("communicator_name", bool(data.communicator_name.strip()))
    for section in sorted(kind.sections):
        missing += _SECTION_CHECKS[section](data, ctx)
    return missing


def _danger(data: SituationFields, ctx: StepContext) -> list[str]:
    missing: list[str] = []
    need = _collector(missing, SituationFields)
    victim = profile(ctx.exception_type).needs_victim
    if victim:
        need("at_risk", bool(data.at_risk.strip()))
        need("identifiable_victim", data.identifiable_victim is not None)
    need("imminence", data.imminence is not None)
    risk = data.risk
    if risk is None:
        return [*missing, "the risk assessment"]
    check = _collector(missing, type(risk), prefix="risk assessment: ")
    for name in ("intent", "plan", "means", "protective_factors"):
        check(name, bool(getattr(risk, name).strip()))
    if victim:
        check("history_of_violence", bool(risk.history_of_violence.strip()))
    check("weapons_asked", risk.weapons_asked)
    check("weapons_access", risk.weapons_access is not None)
    check("weapons_advice", bool(risk.weapons_advice.strip()))
    check("overall_risk", risk.overall_risk is not None)
    return missing


def _abuse(data: SituationFields, _ctx: StepContext) -> list[str]:
    if data.abuse is None:
        return ["the details of the suspected abuse"]
    missing: list[str] = []
    check = _collector(missing, type(data.abuse), prefix="suspected abuse: ")
    check("alleged_victim", bool(data.abuse.alleged_victim.strip()))
    check("nature", bool(data.abuse.nature.strip()))
    check("suspected_at", data.abuse.suspected_at is not None)
    return missing


def _crime(data: SituationFields, _ctx: StepContext) -> list[str]:
    if data.crime is None or not data.crime.description.strip():
        return ["a description of the conduct (crime)"]
    if data.crime.ongoing_threat and not data.at_risk.strip():
        return [field_label(SituationFields, "at_risk").lower()]
    return []


def _court(data: SituationFields, _ctx: StepContext) -> list[str]:
    process = data.legal_process
    if process is None:
        return ["the court order or subpoena details"]
    missing: list[str] = []
    check = _collector(missing, type(process), prefix="court order or subpoena: ")
    check("kind", process.kind is not None)
    for name in ("court", "case_number", "issuing_party", "scope"):
        check(name, bool(getattr(process, name).strip()))
    check("served_at", process.served_at is not None)
    return missing


def _insurance(data: SituationFields, _ctx: StepContext) -> list[str]:
    request = data.insurance
    if request is None:
        return ["the insurance request details"]
    missing: list[str] = []
    check = _collector(missing, type(request), prefix="insurance request: ")
    check("payer", bool(request.payer.strip()))
    check("request", bool(request.request.strip()))
    return missing


_SECTION_CHECKS: dict[Section, Callable[[SituationFields, StepContext], list[str]]] = {
    Section.RISK: _danger,
    Section.ABUSE: _abuse,
    Section.CRIME: _crime,
    Section.LEGAL_PROCESS: _court,
    Section.INSURANCE: _insurance,
}


def _review(data: StepFields, ctx: StepContext) -> list[str]:
    assert isinstance(data, ReviewFields)
    missing: list[str] = []
    if not data.rule_reviewed:
        missing.append("confirm that you read the rule for this jurisdiction and exception")
    _collector(missing, ReviewFields)("application", bool(data.application.strip()))
    if profile(ctx.exception_type).needs_options and ctx.option_count == 0:
        missing.append("at least one option considered, chosen or rejected, with the reason")
    return missing


def _documentation(_data: StepFields, ctx: StepContext) -> list[str]:
    if ctx.evidence_count == 0:
        return ["at least one piece of evidence (a verbatim statement, observation or record)"]
    return []


def _consultation(_data: StepFields, ctx: StepContext) -> list[str]:
    if ctx.consultation_count == 0:
        return ["at least one consultation with a supervisor or colleague (who, when, advice)"]
    return []


def _legal_counsel(data: StepFields, ctx: StepContext) -> list[str]:
    assert isinstance(data, LegalCounselFields)
    if data.consulted is None:
        return ["whether legal counsel was consulted"]
    if data.consulted and ctx.legal_counsel_count == 0:
        return ["the legal consultation (who, when, advice)"]
    if not data.consulted and not data.reason_not_consulted.strip():
        return ["why legal counsel was not consulted"]
    return []


def _client_notification(data: StepFields, _ctx: StepContext) -> list[str]:
    assert isinstance(data, ClientNotificationFields)
    missing: list[str] = []
    need = _collector(missing, ClientNotificationFields)
    if data.informed is None:
        return ["whether the client was told"]
    if data.informed:
        need("informed_at", data.informed_at is not None)
        need("method", data.method is not None)
    else:
        need("not_informed_reason", data.not_informed_reason is not None)
        need("explanation", bool(data.explanation.strip()))
    return missing


def _disclosure(data: StepFields, ctx: StepContext) -> list[str]:
    assert isinstance(data, DisclosureFields)
    if data.decision is None:
        return ["the outcome: the disclosures made, or the decision not to disclose"]
    if data.decision is DisclosureDecision.NOT_DISCLOSED:
        missing = [] if data.rationale.strip() else ["the rationale for not disclosing"]
        if ctx.disclosure_roles:
            missing.append(
                "no recorded disclosures (remove them, or choose 'Information was disclosed')"
            )
        return missing
    missing = [] if ctx.disclosure_roles else ["at least one recipient of the disclosure"]
    if profile(ctx.exception_type).report_roles:
        missing += _abuse_report(data, ctx)
    return missing


def _abuse_report(data: DisclosureFields, ctx: StepContext) -> list[str]:
    missing: list[str] = []
    report = data.abuse_report
    if report is None:
        return ["the abuse report: agency, time of the report and its reference number"]
    check = _collector(missing, type(report), prefix="abuse report: ")
    check("agency", bool(report.agency.strip()))
    check("reported_at", report.reported_at is not None)
    check("reference_number", bool(report.reference_number.strip()))
    if not profile(ctx.exception_type).report_roles.intersection(ctx.disclosure_roles):
        missing.append("a disclosure to the protective-services agency or law enforcement")
    return missing


def _sign_off(data: StepFields, ctx: StepContext) -> list[str]:
    assert isinstance(data, SignOffFields)
    missing: list[str] = []
    need = _collector(missing, SignOffFields)
    need("summary", bool(data.summary.strip()))
    need("follow_up_plan", bool(data.follow_up_plan.strip()))
    if ctx.discharge_gaps and not data.undischarged_acknowledgement.strip():
        missing.append(
            "a written acknowledgement that the state's mandatory duty is not fully "
            "discharged, and why (it is printed in the report)"
        )
    if not data.attestation:
        missing.append("the attestation")
    return missing


_CHECKS: dict[WorkflowStep, Callable[[StepFields, StepContext], list[str]]] = {
    WorkflowStep.SITUATION: _situation,
    WorkflowStep.REVIEW: _review,
    WorkflowStep.DOCUMENTATION: _documentation,
    WorkflowStep.CONSULTATION: _consultation,
    WorkflowStep.LEGAL_COUNSEL: _legal_counsel,
    WorkflowStep.CLIENT_NOTIFICATION: _client_notification,
    WorkflowStep.DISCLOSURE: _disclosure,
    WorkflowStep.SIGN_OFF: _sign_off,
}


def _collector(missing: list[str], cls: type, prefix: str = "") -> Callable[[str, bool], None]:
    def need(name: str, present: bool) -> None:
        if not present:
            missing.append(prefix + field_label(cls, name).lower())

    return need


def cleaned(data: StepFields, step: WorkflowStep) -> StepFields:
    """The step's fields with text NFC-normalized and checked, times made UTC-aware."""
    result = _clean_dataclass(data, step.label)
    assert isinstance(result, type(data))
    return result


def _clean_dataclass(data: object, where: str) -> object:
    changes: dict[str, object] = {}
    for item in dataclasses.fields(data):  # type: ignore[arg-type]
        value = getattr(data, item.name)
        label = f"{where}: {item.metadata.get('label', item.name)}"
        if isinstance(value, str) and not isinstance(value, Enum):
            changes[item.name] = v.optional_text(value, label)
        elif isinstance(value, datetime):
            changes[item.name] = v.aware(value, label)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes[item.name] = _clean_dataclass(value, where)
    return dataclasses.replace(data, **changes)  # type: ignore[type-var]
