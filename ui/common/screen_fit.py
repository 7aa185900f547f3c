"""Every window fits the smallest screen clerks use, with its buttons in sight.

The smallest is a 1366×768 laptop at 100% scaling; 1920×1080 at 125% gives 1536×864 logical
pixels, larger in both directions, so a window that fits the laptop fits there too. Out of those
pixels go the Windows task bar and the window's own title bar and frame. A window asks for its
preferred size through `fit_to_screen`, which never makes it larger than what is left; a body that
can be taller than that sits in a `scroll_body`, so the buttons below it stay visible.
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

#: The smallest screen, in logical pixels (a 1366×768 laptop at 100%).
SMALLEST_SCREEN = QSize(1366, 768)
#: The main window's preferred size (smaller screens get what they leave).
MAIN_WINDOW_SIZE = QSize(1280, 860)
#: What a window's frame and title bar take (Windows 10/11 at 100%, rounded up).
FRAME = QSize(16, 40)
#: The task bar, where the platform does not report it in the available geometry.
TASK_BAR = 48


def usable_size(widget: QWidget | None = None) -> QSize:
    """The largest client size a window may have on the screen it is on (or will be on)."""
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    avail = screen.availableGeometry()
    height = avail.height()
    if avail.height() == screen.geometry().height():
        height -= TASK_BAR  # the platform reports no task bar (offscreen, some X11 desktops)
    return QSize(avail.width() - FRAME.width(), height - FRAME.height())


def smallest_usable_size() -> QSize:
    """What is left of the smallest screen for a window's client area."""
    return QSize(
        SMALLEST_SCREEN.width() - FRAME.width(),
        SMALLEST_SCREEN.height() - TASK_BAR - FRAME.height(),
    )


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize `window` to its preferred size, but never beyond what its screen leaves."""
    usable = usable_size(window)
    window.resize(min(width, usable.width()), min(height, usable.height()))


def scroll_body(body: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """`body` in a frameless scroll area that grows with the window and scrolls when it cannot."""
    area = QScrollArea(parent)
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return area
