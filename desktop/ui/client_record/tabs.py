"""The client record's pluggable tabs: Consents, Releases and Disclosures come from
desktop/ui/consents/. A factory takes the context, the client id and the parent widget and
returns the tab's widget."""

from __future__ import annotations

from desktop.ui.consents.tab_factories import CONSENT_TAB_FACTORIES, TabFactory

TAB_FACTORIES: dict[str, TabFactory] = dict(CONSENT_TAB_FACTORIES)
