"""A pad to draw a signature on with a mouse, a pen (tablet) or a finger (touch screen).

Strokes are kept in logical (device-independent) coordinates, so the pad looks the same at
any display scaling, and the exported PNG is rendered at twice the logical size or more:
dark ink on white, cropped to what was drawn with a margin around it.

A signature cannot be typed. The pad takes keyboard focus (it is in the Tab order, shows a
focus frame and says what it holds to screen readers) and Delete or Backspace clears it;
the signing dialogs say that the typed full name is recorded along with the drawing.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QImage,
    QImageWriter,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

INK = QColor("#0b1f3a")
PAPER = QColor("#ffffff")
GUIDE = QColor("#9fb3c8")
PEN_WIDTH = 2.4  # logical pixels at normal pressure
MARGIN = 12.0  # logical pixels of white around the drawing in the PNG
MIN_EXPORT_SCALE = 2.0
MAX_EXPORT_PIXELS = 4_000_000
MOUSE_PRESSURE = 0.5
EMPTY_DESCRIPTION = (
    "Empty. Draw a signature with a mouse, pen or finger. Press Delete to clear the pad."
)
SIGNED_DESCRIPTION = "A signature is drawn on the pad. Press Delete or Backspace to clear it."
_TOUCH_EVENTS = {
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.TouchCancel,
}


@dataclass(frozen=True)
class InkPoint:
    x: float
    y: float
    pressure: float = MOUSE_PRESSURE


Stroke = tuple[InkPoint, ...]


def pen_width(pressure: float) -> float:
    """Wider with more pen pressure; a mouse draws at the middle width."""
    return PEN_WIDTH * (0.5 + max(0.0, min(pressure, 1.0)))


class SignaturePad(QWidget):
    """``changed`` is emitted when a stroke ends and when the pad is cleared."""

    changed = Signal()

    def __init__(self, name: str = "Signature pad", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[InkPoint]] = []
        self._drawing = False
        self._held: tuple[Stroke, ...] | None = None
        self.setAccessibleName(name)
        self.setAccessibleDescription(EMPTY_DESCRIPTION)
        self.setToolTip("Draw the signature here. Delete clears it.")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        metrics = self.fontMetrics()
        self.setMinimumSize(metrics.averageCharWidth() * 36, metrics.height() * 8)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 52, metrics.height() * 10)

    # ----- state ----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not any(self._strokes)

    def strokes(self) -> tuple[Stroke, ...]:
        return tuple(tuple(stroke) for stroke in self._strokes if stroke)

    def set_strokes(self, strokes: tuple[Stroke, ...]) -> None:
        self._strokes = [list(stroke) for stroke in strokes]
        self._drawing = False
        self._after_change()

    def clear(self) -> None:
        """Wipe the pad (the Clear button and the Delete key)."""
        self._strokes = []
        self._drawing = False
        self._after_change()

    def save_draft(self) -> None:
        """Keep the drawing in memory and blank the pad (the vault is locking)."""
        self._held = self.strokes()
        self.clear()

    def restore_draft(self) -> None:
        if self._held is not None:
            self.set_strokes(self._held)
        self._held = None

    def _after_change(self) -> None:
        empty = self.is_empty()
        self.setAccessibleDescription(EMPTY_DESCRIPTION if empty else SIGNED_DESCRIPTION)
        self.update()
        self.changed.emit()

    # ----- export ---------------------------------------------------------------------------

    def to_png(self) -> bytes:
        """The drawing as PNG bytes (dark ink on white, cropped with a margin); b"" if empty."""
        if self.is_empty():
            return b""
        bounds = self._ink_bounds()
        scale = max(MIN_EXPORT_SCALE, self.devicePixelRatioF())
        area = bounds.width() * bounds.height()
        scale = min(scale, math.sqrt(MAX_EXPORT_PIXELS / area))
        size = QSize(math.ceil(bounds.width() * scale), math.ceil(bounds.height() * scale))
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(PAPER)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.scale(scale, scale)
        painter.translate(-bounds.topLeft())
        self._paint_strokes(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        QImageWriter(buffer, QByteArray(b"png")).write(image)
        buffer.close()
        return bytes(data.data())

    def _ink_bounds(self) -> QRectF:
        points = [point for stroke in self._strokes for point in stroke]
        left = min(p.x for p in points)
        top = min(p.y for p in points)
        right = max(p.x for p in points)
        bottom = max(p.y for p in points)
        pad = MARGIN + pen_width(1.0)
        return QRectF(left - pad, top - pad, right - left + 2 * pad, bottom - top + 2 * pad)

    # ----- painting -------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        area = QRectF(self.rect())
        painter.fillRect(area, PAPER)
        self._paint_guide(painter, area)
        self._paint_strokes(painter)
        if self.hasFocus():
            frame = QPen(self.palette().highlight().color(), 2, Qt.PenStyle.DashLine)
            painter.setPen(frame)
            painter.drawRect(area.adjusted(1, 1, -1, -1))
        painter.end()

    def _paint_guide(self, painter: QPainter, area: QRectF) -> None:
        painter.setPen(QPen(GUIDE, 1))
        painter.drawRect(area.adjusted(0.5, 0.5, -0.5, -0.5))
        baseline = area.bottom() - area.height() / 4
        inset = self.fontMetrics().averageCharWidth() * 2
        painter.drawLine(QPointF(inset, baseline), QPointF(area.right() - inset, baseline))
        if self.is_empty():
            painter.drawText(
                QRectF(inset, baseline - self.fontMetrics().height() * 1.5, area.width(), 40),
                "✕  Sign here",
            )

    def _paint_strokes(self, painter: QPainter) -> None:
        for stroke in self._strokes:
            if len(stroke) == 1:
                point = stroke[0]
                painter.setPen(_ink_pen(point.pressure))
                painter.drawPoint(QPointF(point.x, point.y))
                continue
            for start, end in itertools.pairwise(stroke):
                painter.setPen(_ink_pen((start.pressure + end.pressure) / 2))
                painter.drawLine(QPointF(start.x, start.y), QPointF(end.x, end.y))

    # ----- input ----------------------------------------------------------------------------

    def _begin(self, position: QPointF, pressure: float) -> None:
        self._drawing = True
        self._strokes.append([InkPoint(position.x(), position.y(), pressure)])
        self.update()

    def _extend(self, position: QPointF, pressure: float) -> None:
        if not (self._drawing and self._strokes):
            return
        stroke, point = self._strokes[-1], InkPoint(position.x(), position.y(), pressure)
        if (stroke[-1].x, stroke[-1].y) != (point.x, point.y):
            stroke.append(point)
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self._after_change()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._begin(event.position(), MOUSE_PRESSURE)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position(), MOUSE_PRESSURE)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position(), MOUSE_PRESSURE)
            self._end()
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()  # no synthesized mouse events: the pen draws once

    def event(self, event: QEvent) -> bool:
        if event.type() in _TOUCH_EVENTS and isinstance(event, QTouchEvent):
            self._on_touch(event)
            return True
        return super().event(event)

    def _on_touch(self, event: QTouchEvent) -> None:
        points = event.points()
        kind = event.type()
        if kind in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel) or not points:
            self._end()
        else:
            position = points[0].position()
            pressure = points[0].pressure() or MOUSE_PRESSURE
            if kind == QEvent.Type.TouchBegin:
                self._begin(position, pressure)
            else:
                self._extend(position, pressure)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
            event.accept()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()


def _ink_pen(pressure: float) -> QPen:
    pen = QPen(INK, pen_width(pressure))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


class SignatureBox(QWidget):
    """A pad with its Clear button beside it; ``pad`` is the SignaturePad."""

    def __init__(self, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pad = SignaturePad(f"Signature pad, {who}")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setAccessibleName(f"Clear the signature pad, {who}")
        self.clear_button.clicked.connect(self.pad.clear)
        side = QVBoxLayout()
        side.addWidget(self.clear_button)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pad, 1)
        layout.addLayout(side)
        self.setFocusProxy(self.pad)
