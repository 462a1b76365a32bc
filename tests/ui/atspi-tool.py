#!/usr/bin/env python3
# atspi-tool.py: looks at and presses what an app shows, through the
# AT-SPI accessibility bus, as a screen reader would.
# Usage: atspi-tool.py PID press NAME    — does the first action of the
#          first widget called NAME (a button: clicks it)
#        atspi-tool.py PID count NAME    — prints how many widgets are
#          called NAME (exit 1 if none)
#        atspi-tool.py PID names [ROLE]  — prints every widget's role and
#          name, or those of one role ("push button", "toggle button")
#        atspi-tool.py PID centre NAME   — prints the middle of the first
#          widget called NAME, "X Y" in px from its window's top left
#          (for xdotool mousemove --window)
#        atspi-tool.py PID extents NAME [ROLE] — prints where the first
#          widget called NAME (of ROLE, if given) is, "WxH+X+Y" in px from
#          its window's top left (an ImageMagick geometry, to crop with)
#        atspi-tool.py PID all-extents NAME [ROLE] — the same for every
#          widget called NAME, a line each (a button shown in two places)
#        atspi-tool.py PID describe NAME [ROLE] — prints the first widget
#          called NAME's (of ROLE's, if given) description (GTK gives it
#          the widget's tooltip unless the widget sets one)
#        atspi-tool.py PID checked NAME  — exit 0 if a widget called NAME
#          is checked (a radio menu item chosen), 1 if none is
#        atspi-tool.py PID enabled NAME  — exit 0 if a widget called NAME
#          is visible and sensitive (a dialog's response that can be
#          chosen), 1 if none is
# PID is the app's process; the session bus in DBUS_SESSION_BUS_ADDRESS
# must be the app's (where it found the accessibility bus).
import sys

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402


def app_of(pid):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_process_id() == pid:
            return app
    return None


def walk(node, depth=0):
    """Every accessible under node, depth first (GTK's trees are shallow
    enough; the depth bound stops a cycle)."""
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.get_child_count()):
        yield from walk(node.get_child_at_index(i), depth + 1)


def main():
    pid, command = int(sys.argv[1]), sys.argv[2]
    # libatspi gives up on a call after 800 ms and the walk then misses
    # that widget's children: an app busy with a call, on a loaded
    # machine, answers slower than that.
    Atspi.set_timeout(20000, 60000)
    app = app_of(pid)
    if app is None:
        print(f"no accessible application has pid {pid}", file=sys.stderr)
        return 2
    if command == "names":
        role = sys.argv[3] if len(sys.argv) > 3 else None
        for node in walk(app):
            if role is None or node.get_role_name() == role:
                print(f"{node.get_role_name()}: {node.get_name()}")
        return 0
    name = sys.argv[3]
    found = [node for node in walk(app) if node.get_name() == name]
    if command in ("describe", "extents", "all-extents") and len(sys.argv) > 4:
        found = [node for node in found if node.get_role_name() == sys.argv[4]]
    if command == "count":
        print(len(found))
        return 0 if found else 1
    if command == "all-extents":
        for node in found:
            box = node.get_extents(Atspi.CoordType.WINDOW)
            print(f"{box.width}x{box.height}+{box.x}+{box.y}")
        return 0 if found else 1
    if command == "checked":
        return 0 if any(node.get_state_set().contains(Atspi.StateType.CHECKED) for node in found) else 1
    if command == "enabled":
        for node in found:
            states = node.get_state_set()
            # (GTK 4.8 never sets SHOWING.)
            if states.contains(Atspi.StateType.VISIBLE) and states.contains(Atspi.StateType.SENSITIVE):
                return 0
        return 1
    if command in ("centre", "describe", "extents"):
        if not found:
            print(f"nothing is called “{name}”", file=sys.stderr)
            return 1
        if command == "describe":
            print(found[0].get_description())
            return 0
        box = found[0].get_extents(Atspi.CoordType.WINDOW)
        if command == "extents":
            print(f"{box.width}x{box.height}+{box.x}+{box.y}")
        else:
            print(f"{box.x + box.width // 2} {box.y + box.height // 2}")
        return 0
    if command == "press":
        for node in found:
            if "Action" in node.get_interfaces() and node.get_n_actions() > 0:
                node.do_action(0)
                return 0
        print(f"nothing called “{name}” can be pressed", file=sys.stderr)
        return 1
    print(f"unknown command {command}", file=sys.stderr)
    return 2


sys.exit(main())
