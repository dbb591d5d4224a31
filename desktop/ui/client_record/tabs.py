"""The client record's pluggable tabs.

Consents, Releases and Disclosures are built by desktop/ui/consents/; until they register
their own factories here, each tab is a plain placeholder. A factory takes the context, the
client id and the parent widget and returns the tab's widget.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.ui.context import AppContext

TabFactory = Callable[[AppContext, int, QWidget], QWidget]


def placeholder(text: str) -> TabFactory:
    def build(_context: AppContext, _client_id: int, parent: QWidget) -> QWidget:
        tab = QWidget(parent)
        label = QLabel(text)
        label.setWordWrap(True)
        layout = QVBoxLayout(tab)
        layout.addWidget(label)
        layout.addStretch(1)
        return tab

    return build


TAB_FACTORIES: dict[str, TabFactory] = {
    "Consents": placeholder("Signed consents for this client will be listed here."),
    "Releases": placeholder("Releases of information for this client will be listed here."),
    "Disclosures": placeholder("Disclosures of this client's information will be listed here."),
}
