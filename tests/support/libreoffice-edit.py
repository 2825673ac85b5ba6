#!/usr/bin/python3
"""Edits an .xlsx workbook the way a person does in LibreOffice Calc, then saves it as .xlsx.

    /usr/bin/python3 libreoffice-edit.py WORKBOOK EDITS_JSON
        [--profile DIR] [--pid-file FILE] [--timeout SECONDS] [--locale zh-CN]

EDITS_JSON holds a list of edits, applied in order (rows are 1-based):
    {"sheet": "走访", "op": "set", "cell": "B7", "value": "2026/3/5"}
    {"sheet": "走访", "op": "insertRows", "before": 1, "count": 1, "values": [["2026年走访台账"]]}
    {"sheet": "任务", "op": "deleteRows", "at": 5, "count": 1}
    {"sheet": "任务", "op": "sort", "fromRow": 2, "column": "J", "descending": false}
    {"sheet": "用户", "op": "protect", "password": "secret"}   (Tools > Protect Sheet; "" for none)

A string value is typed into the cell (XCell.FormulaLocal), so LibreOffice
interprets it as the input line would in the given locale: "2026/3/5" becomes a
date cell, "60%" a percentage, "=1+1" a formula, "很多" text. A number is stored
as that number; null empties the cell as the Delete key does.

Runs its own soffice with a private user profile (fresh unless --profile names
one), so parallel runs and a stale profile cannot block each other, and kills
it when done or when --timeout passes. Needs Debian's python3-uno and
libreoffice-calc-nogui. Exit codes: 0 saved, 1 bad edit or input, 2 LibreOffice
failed, 3 timed out.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
    from com.sun.star.table import TableSortField
except ImportError:
    sys.stderr.write(
        "libreoffice-edit: cannot import the LibreOffice UNO bridge into %s.\n"
        "Install it with: apt-get install libreoffice-calc-nogui python3-uno\n" % sys.executable
    )
    sys.exit(2)

SOFFICE = os.environ.get("DUTYBOARD_SOFFICE", "/usr/bin/soffice")
XLSX_FILTER = "Calc MS Excel 2007 XML"
# com.sun.star.sheet.CellFlags VALUE | DATETIME | STRING | FORMULA: what the Delete key removes.
CONTENT_FLAGS = 1 | 2 | 4 | 16


class EditError(Exception):
    """An edit that cannot be applied to this workbook (exit code 1)."""


class OfficeError(Exception):
    """LibreOffice did not start, load or save (exit code 2)."""


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def product_version():
    """The major.minor version LibreOffice compares with the profile's last version."""
    try:
        with open("/etc/libreoffice/registry/main.xcd", encoding="utf-8") as f:
            m = re.search(r'"ooSetupVersion">\s*<value>([^<]+)</value>', f.read())
            if m:
                return m.group(1)
    except OSError:
        pass
    return None


def seed_profile(profile, locale):
    """Settings a fresh profile needs to start fast and read input as a person in `locale` types it.

    Without ooSetupLastVersion every headless start counts as the first after an
    upgrade and runs the graphics self-test, which costs seconds.
    """
    user = os.path.join(profile, "user")
    xcu = os.path.join(user, "registrymodifications.xcu")
    if os.path.exists(xcu):
        return
    os.makedirs(user, exist_ok=True)
    items = [
        ("/org.openoffice.Setup/L10N", "ooSetupSystemLocale", locale),
        ("/org.openoffice.Office.Common/Misc", "FirstRun", "false"),
        ("/org.openoffice.Office.Recovery/AutoSave", "Enabled", "false"),
    ]
    version = product_version()
    if version:
        items.append(("/org.openoffice.Setup/Product", "ooSetupLastVersion", version))
    body = "".join(
        '<item oor:path="%s"><prop oor:name="%s" oor:op="fuse"><value>%s</value></prop></item>\n' % item
        for item in items
    )
    with open(xcu, "w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' + body + "</oor:items>\n"
        )


class Office:
    """One soffice process in its own process group, reached over a private pipe."""

    def __init__(self, profile, pid_file):
        self.profile = profile
        self.pipe = "dutyboard-lo-%d-%s" % (os.getpid(), secrets.token_hex(4))
        self.log_path = os.path.join(profile, "soffice.log")
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [
                SOFFICE,
                "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                "--nodefault",
                "--nolockcheck",
                "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe,
            ],
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, so killing it also kills soffice.bin under oosplash
        )
        if pid_file:
            with open(pid_file, "w") as f:
                f.write(str(self.proc.pid))
        self.desktop = None

    def output(self):
        try:
            self.log.flush()
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return ""
        # oosplash always says this when no Java is installed; it is noise here.
        lines = [l for l in text.splitlines() if "failed to launch javaldx" not in l]
        return "\n".join(lines).strip()

    def connect(self):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe
        while True:
            if self.proc.poll() is not None:
                raise OfficeError("soffice exited with code %s before accepting a connection.\n%s" % (self.proc.returncode, self.output()))
            try:
                ctx = resolver.resolve(url)
                break
            except NoConnectException:
                time.sleep(0.05)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        return self.desktop

    def kill(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        # A killed soffice leaves its listening socket behind.
        try:
            os.remove("/tmp/OSL_PIPE_%d_%s" % (os.getuid(), self.pipe))
        except OSError:
            pass

    def stop(self):
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:
                pass  # the bridge drops as soffice exits: expected
        try:
            self.proc.wait(timeout=10)  # oosplash returns once soffice.bin has exited
        except subprocess.TimeoutExpired:
            self.kill()
            self.proc.wait()
        self.log.close()


def remove_own_lock(path, profile):
    """Removes the `.~lock.NAME#` file soffice leaves when killed, if it names our profile.

    The app refuses to write a workbook while an office suite's lock file is beside it.
    """
    lock = os.path.join(os.path.dirname(path), ".~lock.%s#" % os.path.basename(path))
    try:
        with open(lock, encoding="utf-8", errors="replace") as f:
            holder = f.read()
        if uno.systemPathToFileUrl(profile) in holder:
            os.remove(lock)
    except OSError:
        pass


A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?([1-9][0-9]*)$")


def column_index(letters):
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def sheet_of(doc, edit):
    name = edit.get("sheet")
    sheets = doc.Sheets
    if not isinstance(name, str) or not sheets.hasByName(name):
        raise EditError("no sheet %r; the workbook has: %s" % (name, ", ".join(sheets.ElementNames)))
    return sheets.getByName(name)


def positive_int(edit, key, default=None):
    value = edit.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise EditError("%s must be a positive whole number, not %r" % (key, value))
    return value


def type_into(cell, value):
    """Enters `value` as a person would type it into the cell."""
    if value is None:
        cell.clearContents(CONTENT_FLAGS)
    elif isinstance(value, bool):
        raise EditError("type TRUE/FALSE as text, not a JSON boolean")
    elif isinstance(value, (int, float)):
        cell.setValue(float(value))
    elif isinstance(value, str):
        # FormulaLocal goes through the same input recognition as the input line, number format included.
        cell.FormulaLocal = value
    else:
        raise EditError("a cell value is a string, a number or null, not %r" % (value,))


def used_end(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    return cursor.RangeAddress.EndColumn, cursor.RangeAddress.EndRow


def apply_set(sheet, edit):
    ref = edit.get("cell")
    if not isinstance(ref, str) or not A1.match(ref):
        raise EditError("cell must be an A1 address such as B7, not %r" % (ref,))
    if "value" not in edit:
        raise EditError("set needs a value (null empties the cell)")
    type_into(sheet.getCellRangeByName(ref.replace("$", "")), edit["value"])


def apply_insert_rows(sheet, edit):
    before = positive_int(edit, "before")
    values = edit.get("values") or []
    if not isinstance(values, list) or not all(isinstance(r, list) for r in values):
        raise EditError("values must be a list of rows, each a list of cell values")
    count = positive_int(edit, "count", max(1, len(values)))
    if len(values) > count:
        raise EditError("%d rows of values for %d inserted rows" % (len(values), count))
    sheet.Rows.insertByIndex(before - 1, count)
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value is not None:
                type_into(sheet.getCellByPosition(c, before - 1 + r), value)


def apply_delete_rows(sheet, edit):
    at = positive_int(edit, "at")
    sheet.Rows.removeByIndex(at - 1, positive_int(edit, "count", 1))


def apply_sort(sheet, edit):
    from_row = positive_int(edit, "fromRow")
    letters = edit.get("column")
    if not isinstance(letters, str) or not re.match(r"^[A-Za-z]{1,3}$", letters):
        raise EditError("column must be a column letter such as C, not %r" % (letters,))
    end_col, end_row = used_end(sheet)
    col = column_index(letters)
    if from_row - 1 > end_row:
        return  # nothing below fromRow to sort
    if col > end_col:
        raise EditError("column %s is right of the sheet's last used column" % letters)
    # From column A to the last used column, so each row moves whole; rows above fromRow stay put.
    rng = sheet.getCellRangeByPosition(0, from_row - 1, end_col, end_row)
    field = TableSortField()
    field.Field = col
    field.IsAscending = not edit.get("descending", False)
    field.IsCaseSensitive = False
    descriptor = rng.createSortDescriptor()
    for p in descriptor:
        if p.Name == "SortFields":
            p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
        elif p.Name == "ContainsHeader":
            p.Value = False
    uno.invoke(rng, "sort", (descriptor,))


def apply_link(sheet, edit):
    """Insert > Hyperlink on a cell: its text replaced by a URL field showing `text` and pointing at `url`."""
    ref = edit.get("cell")
    if not isinstance(ref, str) or not A1.match(ref):
        raise EditError("cell must be an A1 address such as B7, not %r" % (ref,))
    text, target = edit.get("text"), edit.get("url")
    if not isinstance(text, str) or not isinstance(target, str):
        raise EditError("link needs a text and a url, both strings")
    cell = sheet.getCellRangeByName(ref.replace("$", ""))
    cell.clearContents(CONTENT_FLAGS)
    field = DOC[0].createInstance("com.sun.star.text.TextField.URL")
    field.Representation = text
    field.URL = target
    cell.insertTextContent(cell.createTextCursor(), field, False)


def apply_protect(sheet, edit):
    password = edit.get("password", "")
    if not isinstance(password, str):
        raise EditError("password must be a string")
    sheet.protect(password)


# What a person adds beside the data (issue 11: a web write must keep all of it).


def apply_comment(sheet, edit):
    sheet.Annotations.insertNew(sheet.getCellRangeByName(edit["cell"]).CellAddress, str(edit["text"]))


def apply_text_box(sheet, edit):
    from com.sun.star.awt import Point, Size
    shape = DOC[0].createInstance("com.sun.star.drawing.TextShape")
    sheet.DrawPage.add(shape)
    shape.Position = Point(12000, 1000)
    shape.Size = Size(6000, 2000)
    shape.setString(str(edit["text"]))


def apply_chart(sheet, edit):
    from com.sun.star.awt import Rectangle
    rng = sheet.getCellRangeByName(edit["range"]).RangeAddress
    sheet.Charts.addNewByName(str(edit.get("name", "Chart1")), Rectangle(12000, 4000, 9000, 6000), (rng,), True, True)


def apply_custom_property(sheet, edit):
    DOC[0].DocumentProperties.UserDefinedProperties.addProperty(str(edit["name"]), 0, str(edit["value"]))


OPS = {
    "set": apply_set,
    "insertRows": apply_insert_rows,
    "deleteRows": apply_delete_rows,
    "sort": apply_sort,
    "protect": apply_protect,
    "comment": apply_comment,
    "textBox": apply_text_box,
    "chart": apply_chart,
    "customProperty": apply_custom_property,
    "link": apply_link,
}

# The document being edited, for ops that create objects through it (a URL field).
DOC = [None]


def describe(edit):
    where = {"set": "cell", "link": "cell", "insertRows": "before", "deleteRows": "at", "sort": "fromRow"}.get(edit.get("op"))
    return "%s %s%s" % (edit.get("op"), edit.get("sheet"), "!%s" % edit.get(where) if where else "")


def edit_workbook(desktop, path, edits):
    url = uno.systemPathToFileUrl(path)
    doc = desktop.loadComponentFromURL(
        url,
        "_blank",
        0,
        (prop("Hidden", True), prop("MacroExecutionMode", 0), prop("UpdateDocMode", 0)),
    )
    if doc is None or not hasattr(doc, "Sheets"):
        raise OfficeError("LibreOffice could not open %s as a spreadsheet" % path)
    DOC[0] = doc
    try:
        for i, edit in enumerate(edits):
            if not isinstance(edit, dict) or edit.get("op") not in OPS:
                raise EditError("edit #%d: op must be one of %s, in %r" % (i + 1, ", ".join(OPS), edit))
            try:
                OPS[edit["op"]](sheet_of(doc, edit), edit)
            except EditError as e:
                raise EditError("edit #%d (%s): %s" % (i + 1, describe(edit), e))
            except Exception as e:  # a UNO exception names the failing call only; say which edit it was
                raise EditError("edit #%d (%s): LibreOffice refused it: %s" % (i + 1, describe(edit), e))
        try:
            doc.storeAsURL(url, (prop("FilterName", XLSX_FILTER), prop("Overwrite", True)))
        except Exception as e:
            raise OfficeError("LibreOffice could not save %s: %s" % (path, e))
    finally:
        try:
            doc.close(True)
        except Exception:
            pass


def main():
    parser = argparse.ArgumentParser(description="Edit an .xlsx in LibreOffice as a person would.")
    parser.add_argument("workbook")
    parser.add_argument("edits")
    parser.add_argument("--profile", help="user profile directory (default: a fresh temporary one)")
    parser.add_argument("--pid-file", help="where to write the soffice process id (its process group id)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before soffice is killed")
    parser.add_argument("--locale", default="zh-CN", help="the locale whose typing conventions apply")
    args = parser.parse_args()

    path = os.path.abspath(args.workbook)
    if not os.path.isfile(path):
        sys.stderr.write("libreoffice-edit: no such workbook: %s\n" % path)
        return 1
    try:
        with open(args.edits, encoding="utf-8") as f:
            edits = json.load(f)
    except (OSError, ValueError) as e:
        sys.stderr.write("libreoffice-edit: cannot read the edits %s: %s\n" % (args.edits, e))
        return 1
    if not isinstance(edits, list):
        sys.stderr.write("libreoffice-edit: the edits must be a JSON list\n")
        return 1

    own_profile = args.profile is None
    profile = tempfile.mkdtemp(prefix="dutyboard-lo-profile-") if own_profile else os.path.abspath(args.profile)
    seed_profile(profile, args.locale)
    office = None
    done = threading.Event()

    def on_timeout():
        if done.is_set():
            return
        sys.stderr.write(
            "libreoffice-edit: LibreOffice did not finish %s within %gs; killed it.\n%s\n"
            % (path, args.timeout, office.output() if office else "")
        )
        sys.stderr.flush()
        if office:
            office.kill()
            try:
                office.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        remove_own_lock(path, profile)
        os._exit(3)

    watchdog = threading.Timer(args.timeout, on_timeout)
    watchdog.daemon = True
    watchdog.start()
    try:
        office = Office(profile, args.pid_file)
        edit_workbook(office.connect(), path, edits)
        return 0
    except EditError as e:
        sys.stderr.write("libreoffice-edit: %s: %s\n" % (path, e))
        return 1
    except Exception as e:
        detail = office.output() if office else ""
        sys.stderr.write("libreoffice-edit: %s: %s\n%s\n" % (path, e, detail))
        return 2
    finally:
        done.set()
        watchdog.cancel()
        if office:
            office.stop()
        remove_own_lock(path, profile)
        if own_profile:
            shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
