"""The factories the client record uses for its Consents, Releases and Disclosures tabs.

They match ``desktop.ui.client_record.tabs.TabFactory``: (context, client id, parent) -> tab.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.ui.consents.consents_tab import ConsentsTab
from desktop.ui.consents.disclosures_tab import DisclosuresTab
from desktop.ui.consents.releases_tab import ReleasesTab
from desktop.ui.context import AppContext

TabFactory = Callable[[AppContext, int, QWidget], QWidget]


def consents_tab(context: AppContext, client_id: int, parent: QWidget) -> QWidget:
    return ConsentsTab(context, client_id, parent)


def releases_tab(context: AppContext, client_id: int, parent: QWidget) -> QWidget:
    return ReleasesTab(context, client_id, parent)


def disclosures_tab(context: AppContext, client_id: int, parent: QWidget) -> QWidget:
    return DisclosuresTab(context, client_id, parent)


CONSENT_TAB_FACTORIES: dict[str, TabFactory] = {
    "Consents": consents_tab,
    "Releases": releases_tab,
    "Disclosures": disclosures_tab,
}
