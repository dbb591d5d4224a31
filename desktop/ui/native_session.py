"""Screen lock and sleep on Windows and macOS, heard through the operating system's own C APIs.

Windows: ``WTSRegisterSessionNotification`` makes the system send our main window
``WM_WTSSESSION_CHANGE`` with ``WTS_SESSION_LOCK`` when the session locks; every top-level
window gets ``WM_POWERBROADCAST`` with ``PBT_APMSUSPEND`` before the computer suspends. Qt hands
these messages to a ``QAbstractNativeEventFilter`` as a pointer to a Win32 ``MSG``.

macOS: the distributed notification ``com.apple.screenIsLocked`` (CoreFoundation's distributed
notification center) when the screen locks, and IOKit's ``kIOMessageSystemWillSleep``
(``IORegisterForSystemPower``, Apple's Technical Q&A QA1340) before sleep. The sleep message
comes through IOKit rather than ``NSWorkspaceWillSleepNotification`` because that notification
is posted only on NSWorkspace's Objective-C notification center, which plain ctypes cannot
observe without pyobjc; IOKit is the C-level source of the same event.

Decoding a message into a reason is plain Python and tested on every platform with built
``MSG`` structures; the registration calls run only on their own system.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication, QObject

log = logging.getLogger("confide.ui.native_session")

SCREEN_LOCKED = "the screen was locked"
GOING_TO_SLEEP = "the computer is going to sleep"

# winuser.h, wtsapi32.h
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4
NOTIFY_FOR_THIS_SESSION = 0
WINDOWS_EVENT_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")

# IOKit/IOMessage.h: iokit_common_msg(0x270) and iokit_common_msg(0x280)
IO_MESSAGE_CAN_SYSTEM_SLEEP = 0xE0000270
IO_MESSAGE_SYSTEM_WILL_SLEEP = 0xE0000280
MAC_LOCK_NOTIFICATIONS = {"com.apple.screenIsLocked": SCREEN_LOCKED}
CF_STRING_ENCODING_UTF8 = 0x08000100
CF_DELIVER_IMMEDIATELY = 4

LockCallback = Callable[[str], None]


class POINT(ctypes.Structure):
    _fields_ = (("x", ctypes.c_int32), ("y", ctypes.c_int32))


class MSG(ctypes.Structure):
    """winuser.h's MSG with fixed-width fields, so it lays out alike on every 64-bit system."""

    _fields_ = (
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint32),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
        ("time", ctypes.c_uint32),
        ("pt", POINT),
    )


def windows_lock_reason(message: int, w_param: int) -> str | None:
    """Why to lock for a Win32 message and its wParam, or None when it is not a lock."""
    if message == WM_WTSSESSION_CHANGE and w_param == WTS_SESSION_LOCK:
        return SCREEN_LOCKED
    if message == WM_POWERBROADCAST and w_param == PBT_APMSUSPEND:
        return GOING_TO_SLEEP
    return None


def mac_power_reason(message_type: int) -> str | None:
    """Why to lock for an IOKit system power message, or None."""
    return GOING_TO_SLEEP if message_type == IO_MESSAGE_SYSTEM_WILL_SLEEP else None


class WindowsSessionFilter(QAbstractNativeEventFilter):
    """Reads each native Windows message Qt receives and calls ``on_lock`` for a lock or
    suspend; it never consumes a message."""

    def __init__(self, on_lock: LockCallback) -> None:
        super().__init__()
        self._on_lock = on_lock

    def nativeEventFilter(
        self, event_type: QByteArray | bytes | bytearray | memoryview, message: int, /
    ) -> object:
        kind = event_type.data() if isinstance(event_type, QByteArray) else bytes(event_type)
        if kind in WINDOWS_EVENT_TYPES and message:
            msg = MSG.from_address(int(message))
            reason = windows_lock_reason(msg.message, msg.wParam)
            if reason is not None:
                self._on_lock(reason)
        return False, 0


def watch_windows(
    owner: QObject, on_lock: LockCallback, window_handle: int
) -> WindowsSessionFilter:
    """Install the message filter (until ``owner`` goes) and ask Windows for this session's
    lock notifications."""
    app = QCoreApplication.instance()
    assert app is not None
    native_filter = WindowsSessionFilter(on_lock)
    app.installNativeEventFilter(native_filter)
    owner.destroyed.connect(lambda: app.removeNativeEventFilter(native_filter))
    if sys.platform == "win32":
        registered = ctypes.windll.wtsapi32.WTSRegisterSessionNotification(
            ctypes.c_void_p(window_handle), NOTIFY_FOR_THIS_SESSION
        )
        if not registered:
            log.warning("session lock notifications unavailable; suspend and idle still lock")
    return native_filter


class MacSessionObserver:
    """Keeps the CoreFoundation and IOKit callbacks alive while the app runs (macOS only)."""

    def __init__(self, on_lock: LockCallback) -> None:
        self._on_lock = on_lock
        self._keep: list[object] = []
        self.root_port = 0

    def on_notification(self, name: str) -> None:
        reason = MAC_LOCK_NOTIFICATIONS.get(name)
        if reason is not None:
            self._on_lock(reason)

    def on_power(self, message_type: int, argument: int, allow: Callable[[int], None]) -> None:
        """IOKit's power callback: lock before sleep, and always let the sleep go ahead."""
        reason = mac_power_reason(message_type)
        if reason is not None:
            self._on_lock(reason)
        if message_type in (IO_MESSAGE_CAN_SYSTEM_SLEEP, IO_MESSAGE_SYSTEM_WILL_SLEEP):
            allow(argument)

    def start(self) -> bool:
        """Register with CoreFoundation and IOKit; False when a library is missing."""
        if sys.platform == "darwin":
            return self._register()
        return False

    def _register(self) -> bool:
        import ctypes.util

        cf_path = ctypes.util.find_library("CoreFoundation")
        io_path = ctypes.util.find_library("IOKit")
        if not cf_path or not io_path:
            log.warning("CoreFoundation or IOKit not found; idle lock only")
            return False
        cf, iokit = ctypes.CDLL(cf_path), ctypes.CDLL(io_path)
        self._observe_screen_lock(cf)
        self._observe_sleep(cf, iokit)
        return True

    def _observe_screen_lock(self, cf: ctypes.CDLL) -> None:
        callback_type = ctypes.CFUNCTYPE(
            None,
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_void_p,
        )
        cf.CFNotificationCenterGetDistributedCenter.restype = ctypes.c_void_p
        cf.CFStringCreateWithCString.restype = ctypes.c_void_p
        cf.CFStringCreateWithCString.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32)
        cf.CFNotificationCenterAddObserver.argtypes = (
            ctypes.c_void_p,
            ctypes.c_void_p,
            callback_type,
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_long,
        )
        center = cf.CFNotificationCenterGetDistributedCenter()
        for name in MAC_LOCK_NOTIFICATIONS:

            def heard(*_args: object, name: str = name) -> None:
                self.on_notification(name)

            callback = callback_type(heard)
            cf_name = cf.CFStringCreateWithCString(None, name.encode(), CF_STRING_ENCODING_UTF8)
            observer = ctypes.c_void_p(id(self))
            cf.CFNotificationCenterAddObserver(
                center, observer, callback, cf_name, None, CF_DELIVER_IMMEDIATELY
            )
            self._keep += [callback, cf_name, observer]

    def _observe_sleep(self, cf: ctypes.CDLL, iokit: ctypes.CDLL) -> None:
        callback_type = ctypes.CFUNCTYPE(
            None, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_void_p
        )
        port = ctypes.c_void_p()
        notifier = ctypes.c_uint32()
        iokit.IORegisterForSystemPower.restype = ctypes.c_uint32
        iokit.IORegisterForSystemPower.argtypes = (
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_void_p),
            callback_type,
            ctypes.POINTER(ctypes.c_uint32),
        )
        iokit.IONotificationPortGetRunLoopSource.restype = ctypes.c_void_p
        iokit.IONotificationPortGetRunLoopSource.argtypes = (ctypes.c_void_p,)
        iokit.IOAllowPowerChange.argtypes = (ctypes.c_uint32, ctypes.c_long)
        cf.CFRunLoopGetMain.restype = ctypes.c_void_p
        cf.CFRunLoopAddSource.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)

        def allow(argument: int) -> None:
            iokit.IOAllowPowerChange(self.root_port, argument)

        def heard(_refcon: object, _service: int, message_type: int, argument: int | None) -> None:
            self.on_power(message_type, argument or 0, allow)

        callback = callback_type(heard)
        self.root_port = iokit.IORegisterForSystemPower(
            None, ctypes.byref(port), callback, ctypes.byref(notifier)
        )
        if not self.root_port:
            log.warning("sleep notifications unavailable; screen lock and idle still lock")
            return
        source = iokit.IONotificationPortGetRunLoopSource(port)
        common_modes = ctypes.c_void_p.in_dll(cf, "kCFRunLoopCommonModes")
        cf.CFRunLoopAddSource(cf.CFRunLoopGetMain(), source, common_modes)
        self._keep += [callback, port, notifier]
