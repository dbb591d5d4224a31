"""The vault locks when the screen locks or the computer suspends: real D-Bus signals on a
private bus (dbus-daemon, Debian package "dbus-daemon"), sent as logind and a screen saver
would send them."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtDBus import QDBusConnection, QDBusMessage
from pytestqt.qtbot import QtBot

from desktop.ui.context import AppContext
from desktop.ui.screen_lock import LOGIN1, LOGIN1_PATH, ScreenLockWatcher, session_path
from tests.ui.conftest import open_main_window


@pytest.fixture(scope="module")
def bus_address() -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    assert daemon, "dbus-daemon is needed for this test (apt-get install dbus-daemon)"
    process = subprocess.Popen(
        [daemon, "--session", "--print-address=1", "--nofork"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    address = process.stdout.readline().strip()
    yield address
    process.terminate()
    process.wait(timeout=10)


def _bus(address: str, name: str) -> QDBusConnection:
    bus = QDBusConnection.connectToBus(address, name)
    assert bus.isConnected()
    return bus


def _signal(sender: QDBusConnection, path: str, interface: str, name: str, *args: object) -> None:
    message = QDBusMessage.createSignal(path, interface, name)
    if args:
        message.setArguments(list(args))
    assert sender.send(message)


@pytest.fixture
def logind(bus_address: str) -> Iterator[QDBusConnection]:
    """A connection that owns logind's name, as systemd-logind does on the system bus."""
    sender = _bus(bus_address, "fake-logind")
    assert sender.registerService(LOGIN1)
    yield sender
    sender.unregisterService(LOGIN1)
    QDBusConnection.disconnectFromBus("fake-logind")


@pytest.mark.parametrize("event", ["sleep", "session-lock", "screen-saver"])
def test_the_vault_locks_on_a_screen_lock_or_sleep_signal(
    event: str,
    qtbot: QtBot,
    context: AppContext,
    bus_address: str,
    logind: QDBusConnection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_SESSION_ID", "c2")
    window = open_main_window(qtbot, context)
    bus = _bus(bus_address, "confide-watcher")
    watcher = ScreenLockWatcher(window, system=bus, session=bus)
    assert len(watcher.listening) == 6
    window.watch_screen_lock(watcher)
    assert not window.is_locked
    with qtbot.waitSignal(watcher.lock_requested, timeout=5000):
        if event == "sleep":
            _signal(logind, LOGIN1_PATH, f"{LOGIN1}.Manager", "PrepareForSleep", True)
        elif event == "session-lock":
            _signal(logind, session_path("c2"), f"{LOGIN1}.Session", "Lock")
        else:
            _signal(
                logind, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", True
            )
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    assert context.session.is_locked
    QDBusConnection.disconnectFromBus("confide-watcher")


def test_waking_up_or_another_session_does_not_lock(
    qtbot: QtBot, bus_address: str, logind: QDBusConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_SESSION_ID", "c2")
    bus = _bus(bus_address, "confide-watcher-2")
    watcher = ScreenLockWatcher(None, system=bus, session=bus)
    heard: list[str] = []
    watcher.lock_requested.connect(heard.append)
    _signal(logind, LOGIN1_PATH, f"{LOGIN1}.Manager", "PrepareForSleep", False)  # resuming
    _signal(logind, session_path("c7"), f"{LOGIN1}.Session", "Lock")  # someone else's session
    _signal(logind, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", False)
    with qtbot.waitSignal(watcher.lock_requested, timeout=5000):  # and one that does lock
        _signal(logind, session_path("c2"), f"{LOGIN1}.Session", "Lock")
    assert heard == ["the screen was locked"]
    QDBusConnection.disconnectFromBus("confide-watcher-2")


def test_session_paths_are_escaped_as_logind_writes_them() -> None:
    assert session_path("1") == "/org/freedesktop/login1/session/_31"
    assert session_path("c2") == "/org/freedesktop/login1/session/c2"
    assert session_path(None) == ""
