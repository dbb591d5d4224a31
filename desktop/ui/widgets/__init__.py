"""Small widgets shared by Confide's windows: accessible names, busy and message lines,
passphrase fields with a strength meter, optional dates, the practitioner profile form."""

from desktop.ui.widgets.accessibility import named

__all__ = ["named"]
