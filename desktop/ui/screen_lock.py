"""Lock the vault when the computer's screen locks or it goes to sleep (as KeePassXC does).

On Linux the desktop says so over D-Bus, heard through QtDBus:
- logind on the system bus: ``PrepareForSleep(true)`` before suspend or hibernate, and
  ``Lock`` on our login session (``loginctl lock-session``, most lock screens);
- the screen saver on the session bus: ``ActiveChanged(true)`` from GNOME, freedesktop (KDE)
  and Xfce screen savers.
Where a bus or a service is missing nothing happens; the idle timer still locks. Windows and
macOS have their own sources, in desktop/ui/native_session.py.
"""

from __future__ import annotations

import logging
import os
import string
import sys
from dataclasses import dataclass

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QWidget

from desktop.ui.native_session import (
    GOING_TO_SLEEP,
    SCREEN_LOCKED,
    MacSessionObserver,
    WindowsSessionFilter,
    watch_windows,
)

log = logging.getLogger("confide.ui.screen_lock")

LOGIN1 = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"


@dataclass(frozen=True)
class Subscription:
    """One D-Bus signal we listen to: on which bus, from whom, and what it means."""

    system_bus: bool
    service: str
    path: str
    interface: str
    name: str
    slot: str


def session_path(session_id: str | None) -> str:
    """logind's object path of our login session ("" for any session when it is unknown)."""
    if not session_id:
        return ""
    return f"{LOGIN1_PATH}/session/{bus_path_label(session_id)}"


def bus_path_label(text: str) -> str:
    """A D-Bus object path label as sd_bus_path_encode writes it ("1" becomes "_31")."""
    safe = string.ascii_letters + string.digits
    out = []
    for index, char in enumerate(text):
        keep = char in safe and not (index == 0 and char in string.digits)
        out.append(char if keep else f"_{ord(char):02x}")
    return "".join(out)


def subscriptions(session_id: str | None) -> tuple[Subscription, ...]:
    sleep_slot, lock_slot, saver_slot = (
        "on_prepare_for_sleep(bool)",
        "on_session_lock()",
        "on_screen_saver_active(bool)",
    )
    savers = (
        ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
        ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
        ("org.freedesktop.ScreenSaver", "/ScreenSaver"),
        ("org.xfce.ScreenSaver", "/org/xfce/ScreenSaver"),
    )
    return (
        Subscription(True, LOGIN1, LOGIN1_PATH, f"{LOGIN1}.Manager", "PrepareForSleep", sleep_slot),
        Subscription(
            True, LOGIN1, session_path(session_id), f"{LOGIN1}.Session", "Lock", lock_slot
        ),
        *(
            Subscription(False, "", path, name, "ActiveChanged", saver_slot)
            for name, path in savers
        ),
    )


class ScreenLockWatcher(QObject):
    """Emits ``lock_requested(reason)`` when the screen locks or the computer is suspending.

    ``system`` and ``session`` default to the real buses; tests pass a private bus. On Windows
    and macOS the system's own notifications are used instead (``platform`` is ``sys.platform``).
    """

    lock_requested = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        system: QDBusConnection | None = None,
        session: QDBusConnection | None = None,
        platform: str = sys.platform,
    ) -> None:
        super().__init__(parent)
        self.listening: list[Subscription] = []
        self.native: WindowsSessionFilter | MacSessionObserver | None = None
        if platform == "win32":
            handle = int(parent.winId()) if isinstance(parent, QWidget) else 0
            self.native = watch_windows(self, self.request_lock, handle)
        elif platform == "darwin":
            self.native = MacSessionObserver(self.request_lock)
            self.native.start()
        else:
            self._listen_on_dbus(system, session)

    def request_lock(self, reason: str) -> None:
        """What every source calls: ask the window to lock, saying why (no client data)."""
        self.lock_requested.emit(reason)

    def _listen_on_dbus(
        self, system: QDBusConnection | None, session: QDBusConnection | None
    ) -> None:
        buses = {
            True: system if system is not None else QDBusConnection.systemBus(),
            False: session if session is not None else QDBusConnection.sessionBus(),
        }
        for item in subscriptions(os.environ.get("XDG_SESSION_ID")):
            bus = buses[item.system_bus]
            if not bus.isConnected():
                continue
            slot = SLOT(item.slot)  # PySide6 takes the text; its stubs say bytes
            connected = bus.connect(
                item.service,
                item.path,
                item.interface,
                item.name,
                self,
                slot,  # type: ignore[call-overload]
            )
            if connected:
                self.listening.append(item)
        log.info("listening for %d screen-lock and sleep signals", len(self.listening))

    @Slot(bool)
    def on_prepare_for_sleep(self, starting: bool) -> None:
        if starting:
            self.request_lock(GOING_TO_SLEEP)

    @Slot()
    def on_session_lock(self) -> None:
        self.request_lock(SCREEN_LOCKED)

    @Slot(bool)
    def on_screen_saver_active(self, active: bool) -> None:
        if active:
            self.request_lock(SCREEN_LOCKED)
