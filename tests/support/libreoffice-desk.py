#!/usr/bin/python3
"""A person at a desk with LibreOffice Calc open: one soffice kept running, the
workbook opened, edited, saved as .xlsx and closed once per sitting.

    /usr/bin/python3 libreoffice-desk.py WORKBOOK [--pid-file FILE] [--locale zh-CN]

Reads one JSON line per sitting on stdin, {"edits": [...]} in the format of
libreoffice-edit.py (whose functions it uses), and answers each with one JSON
line: {"ok": true, "ms": N} once the document is saved and closed, or
{"ok": false, "error": "..."}. At the end of stdin it stops soffice and
removes a lock file of its own left behind. Prints {"ready": true} once
LibreOffice accepts work.
"""

import argparse
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("libreoffice_edit", os.path.join(HERE, "libreoffice-edit.py"))
lo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lo)


def say(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description="Keep LibreOffice open and edit a workbook once per stdin line.")
    parser.add_argument("workbook")
    parser.add_argument("--pid-file")
    parser.add_argument("--locale", default="zh-CN")
    args = parser.parse_args()
    path = os.path.abspath(args.workbook)
    profile = tempfile.mkdtemp(prefix="dutyboard-lo-desk-")
    lo.seed_profile(profile, args.locale)
    office = None
    try:
        office = lo.Office(profile, args.pid_file)
        desktop = office.connect()
        say({"ready": True})
        for line in sys.stdin:
            if not line.strip():
                continue
            started = time.time()
            try:
                lo.edit_workbook(desktop, path, json.loads(line)["edits"])
                say({"ok": True, "ms": round((time.time() - started) * 1000)})
            except Exception as e:  # an edit or LibreOffice failed: say so and take the next sitting
                say({"ok": False, "error": "%s: %s" % (type(e).__name__, e)})
        return 0
    except Exception as e:
        say({"ok": False, "fatal": True, "error": "%s: %s\n%s" % (type(e).__name__, e, office.output() if office else "")})
        return 2
    finally:
        if office:
            office.stop()
        lo.remove_own_lock(path, profile)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
