"""Windows and macOS screen-lock sources, run here on Linux: Qt's native event filter is fed
built Win32 ``MSG`` structures (as Qt hands them over on Windows), and the macOS observer its
notification names and IOKit power messages. The registration calls themselves
(WTSRegisterSessionNotification, CoreFoundation, IOKit) only run on their own systems."""

from __future__ import annotations

import ctypes

import pytest
from PySide6.QtCore import QByteArray, QCoreApplication
from pytestqt.qtbot import QtBot

from desktop.ui.context import AppContext
from desktop.ui.native_session import (
    IO_MESSAGE_CAN_SYSTEM_SLEEP,
    IO_MESSAGE_SYSTEM_WILL_SLEEP,
    MSG,
    PBT_APMSUSPEND,
    WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    MacSessionObserver,
    WindowsSessionFilter,
)
from desktop.ui.screen_lock import ScreenLockWatcher
from tests.ui.conftest import open_main_window

WTS_SESSION_UNLOCK = 0x8
PBT_APMRESUMEAUTOMATIC = 0x12
WM_PAINT = 0x000F
IO_MESSAGE_SYSTEM_HAS_POWERED_ON = 0xE0000300


def _send(native_filter: WindowsSessionFilter, message: int, w_param: int) -> object:
    msg = MSG(hwnd=0x1234, message=message, wParam=w_param, lParam=0, time=1)
    return native_filter.nativeEventFilter(
        QByteArray(b"windows_generic_MSG"), ctypes.addressof(msg)
    )


@pytest.mark.parametrize(
    ("message", "w_param", "reason"),
    [
        (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, "the screen was locked"),
        (WM_POWERBROADCAST, PBT_APMSUSPEND, "the computer is going to sleep"),
    ],
)
def test_a_windows_lock_or_suspend_message_locks_the_vault(
    message: int, w_param: int, reason: str, qtbot: QtBot, context: AppContext
) -> None:
    window = open_main_window(qtbot, context)
    watcher = ScreenLockWatcher(window, platform="win32")
    assert isinstance(watcher.native, WindowsSessionFilter)
    window.watch_screen_lock(watcher)
    heard: list[str] = []
    watcher.lock_requested.connect(heard.append)
    assert _send(watcher.native, message, w_param) == (False, 0)  # never swallows a message
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    assert heard == [reason]
    assert context.session.is_locked


def test_other_windows_messages_do_not_lock() -> None:
    heard: list[str] = []
    native_filter = WindowsSessionFilter(heard.append)
    _send(native_filter, WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK)
    _send(native_filter, WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC)
    _send(native_filter, WM_PAINT, WTS_SESSION_LOCK)
    msg = MSG(message=WM_WTSSESSION_CHANGE, wParam=WTS_SESSION_LOCK)
    native_filter.nativeEventFilter(b"xcb_generic_event_t", ctypes.addressof(msg))  # not Windows
    native_filter.nativeEventFilter(b"windows_generic_MSG", 0)  # no message at all
    assert heard == []


def test_a_watcher_without_a_window_hears_windows_and_goes_away_cleanly(
    qtbot: QtBot,
) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    watcher = ScreenLockWatcher(None, platform="win32")
    heard: list[str] = []
    watcher.lock_requested.connect(heard.append)
    assert isinstance(watcher.native, WindowsSessionFilter)
    _send(watcher.native, WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    assert heard == ["the screen was locked"]
    with qtbot.waitSignal(watcher.destroyed, timeout=5000):
        watcher.deleteLater()


def test_macos_screen_lock_and_sleep_messages() -> None:
    heard: list[str] = []
    allowed: list[int] = []
    observer = MacSessionObserver(heard.append)
    assert observer.start() is False  # not macOS: nothing registered
    observer.on_notification("com.apple.screenIsUnlocked")
    observer.on_power(IO_MESSAGE_CAN_SYSTEM_SLEEP, 7, allowed.append)  # may still be cancelled
    observer.on_power(IO_MESSAGE_SYSTEM_HAS_POWERED_ON, 8, allowed.append)
    assert heard == []
    observer.on_notification("com.apple.screenIsLocked")
    observer.on_power(IO_MESSAGE_SYSTEM_WILL_SLEEP, 9, allowed.append)
    assert heard == ["the screen was locked", "the computer is going to sleep"]
    assert allowed == [7, 9]  # sleep is never held up


def test_macos_watcher_emits_through_the_same_signal() -> None:
    watcher = ScreenLockWatcher(None, platform="darwin")
    assert isinstance(watcher.native, MacSessionObserver)
    assert watcher.listening == []  # no D-Bus on macOS
    heard: list[str] = []
    watcher.lock_requested.connect(heard.append)
    watcher.native.on_notification("com.apple.screenIsLocked")
    assert heard == ["the screen was locked"]
