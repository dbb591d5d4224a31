"""The signature pad takes mouse, pen and touch input, clears from the keyboard, and exports a
cropped PNG of dark ink on white that the signing service accepts."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.errors import UserInputError
from desktop.services.signing.checks import check_signature_png
from desktop.ui.consents.signature_pad import SignaturePad


@pytest.fixture
def pad(qtbot: QtBot) -> SignaturePad:
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(480, 180)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def png_image(pad: SignaturePad) -> Image.Image:
    return Image.open(io.BytesIO(pad.to_png())).convert("L")


def test_mouse_strokes_make_a_cropped_png_with_dark_ink(qtbot: QtBot, pad: SignaturePad) -> None:
    assert pad.is_empty() and pad.to_png() == b""
    with pytest.raises(UserInputError, match="missing"):
        check_signature_png(pad.to_png(), "The client's signature")
    with qtbot.waitSignal(pad.changed):
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(100, 50))
        qtbot.mouseMove(pad, QPoint(150, 90))
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 60))
    assert not pad.is_empty()
    assert "signature is drawn" in pad.accessibleDescription()
    image = png_image(pad)
    dark, light = image.getextrema()
    assert dark < 60 and light == 255
    # cropped to the 100x40 drawing plus margins, rendered at twice the logical size or more
    assert 200 <= image.width < 2 * (100 + 60) and image.width < 2 * pad.width()
    check_signature_png(pad.to_png(), "The client's signature")


def test_a_single_tap_leaves_a_dot(qtbot: QtBot, pad: SignaturePad) -> None:
    qtbot.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    assert not pad.is_empty()
    assert png_image(pad).getextrema()[0] < 128


def test_a_pen_draws_with_pressure(pad: SignaturePad) -> None:
    pen = QPointingDevice(
        "test pen",
        4242,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )
    for kind, x, pressure in (
        (QEvent.Type.TabletPress, 30.0, 0.2),
        (QEvent.Type.TabletMove, 90.0, 0.9),
        (QEvent.Type.TabletRelease, 90.0, 0.0),
    ):
        button = (
            Qt.MouseButton.NoButton if kind == QEvent.Type.TabletMove else Qt.MouseButton.LeftButton
        )
        position = QPointF(x, 60.0)
        event = QTabletEvent(
            kind,
            pen,
            position,
            pad.mapToGlobal(position),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            button,
            Qt.MouseButton.LeftButton,
        )
        QApplication.sendEvent(pad, event)
        assert event.isAccepted()
    [stroke] = pad.strokes()
    assert [p.pressure for p in stroke] == pytest.approx([0.2, 0.9])


def test_a_finger_draws_on_a_touch_screen(qtbot: QtBot, pad: SignaturePad) -> None:
    screen = QTest.createTouchDevice()
    QTest.touchEvent(pad, screen).press(0, QPoint(20, 20), pad).commit()
    QTest.touchEvent(pad, screen).move(0, QPoint(120, 80), pad).commit()
    QTest.touchEvent(pad, screen).release(0, QPoint(120, 80), pad).commit()
    qtbot.waitUntil(lambda: len(pad.strokes()) == 1, timeout=2000)
    [stroke] = pad.strokes()
    assert (stroke[0].x, stroke[0].y) == (20, 20) and (stroke[-1].x, stroke[-1].y) == (120, 80)


def test_keyboard_focus_and_delete_clears(qtbot: QtBot, pad: SignaturePad) -> None:
    assert pad.accessibleName() == "Signature pad"
    assert pad.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    assert pad.hasFocus() or QApplication.focusWidget() in (pad, None)
    qtbot.keyClick(pad, Qt.Key.Key_Delete)
    assert pad.is_empty()
    assert pad.accessibleDescription().startswith("Empty")


def test_a_locked_vault_blanks_the_pad_and_brings_the_drawing_back(
    qtbot: QtBot, pad: SignaturePad
) -> None:
    qtbot.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    drawn = pad.strokes()
    pad.save_draft()
    assert pad.is_empty()
    pad.restore_draft()
    assert pad.strokes() == drawn
