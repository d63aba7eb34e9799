#!/usr/bin/env python3
"""How fast the import preview answers with its suggested departments, for reports of 30 to 200 tasks.

In a temporary data folder on SQLite, an organisation with the demo's catalogue (42 departments and streets with
their duties) and an office user; each report is uploaded as a draft and its preview (the engine reading the
report, the departments suggested for every task from the catalogue built once, the page with a lead select and
co-operating boxes per task) is asked for through Django's test client, in this process (without the test
environment's template instrumentation, which would double the rendering time). Prints the median and
the slowest of the requests in milliseconds, the page's size (and gzipped, as a browser gets it), the number of
database queries and how many tasks have a suggested lead. A benchmark, not a test: it asserts nothing.

    python benchmarks/import_preview.py [--requests 5] [REPORT.txt …]

Without files: the bundled sample (29 tasks) and, from the shared corpus (../shared), the three city reports
with the most tasks the engine finds (株洲市 2014: 203, 资阳市 2021: 127, 成都市 2017: 114); a note says so when
the corpus is missing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import CORPUS, SAMPLE, environment

LARGEST = ("local/city/株洲市-2014.txt", "local/city/资阳市-2021.txt", "local/city/成都市-2017.txt")


def setup():
    os.environ["LUOSHI_DATA_DIR"] = tempfile.mkdtemp(prefix="luoshi-bench-preview-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.web.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from luoshi.orgs.catalogue import bundled_catalogue, load_catalogue
    from luoshi.orgs.choices import Role
    from luoshi.orgs.models import Membership, Organisation

    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(name="基准测试区人民政府")
    load_catalogue(org, bundled_catalogue())
    office = User.objects.create_user("office", password="bench-password-1")
    Membership.objects.create(user=office, org=org, role=Role.OFFICE)
    client = Client()
    client.force_login(office)
    return org, office, client


def measure(path: Path, requests: int, org, office, client) -> str:
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from luoshi.plans.importing import analyse_upload, preview
    from luoshi.plans.models import ImportDraft
    from luoshi.tracking.suggestions import Suggester

    draft = ImportDraft.objects.create(org=org, file=ContentFile(path.read_bytes(), name="report.txt"),
                                       name=path.name, created_by=office)
    url = reverse("import_preview", args=[draft.pk])
    client.get(url)  # warm up: the catalogue's index is built once per catalogue and process
    times = []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        count = len(queries)  # now: the log it reads does not outlive the connection
    if response.status_code != 200:
        raise SystemExit(f"{path.name}: the preview answered {response.status_code}")
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    found = preview(analyse_upload(path.read_bytes(), path.name, 10**8).report, Suggester.of(org))
    return (f"| {path.name} | {found['task_count']} | {found['suggested_count']} | {statistics.median(times):.0f} "
            f"| {max(times):.0f} | {len(response.content) / 1024:.0f} | {len(zipped.content) / 1024:.0f} "
            f"| {count} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reports", nargs="*", type=Path, help="report files (default: the sample and the largest)")
    ap.add_argument("--requests", type=int, default=5, help="requests per report after one warm-up (default 5)")
    args = ap.parse_args()
    reports = args.reports or [SAMPLE]
    if not args.reports:
        present = [CORPUS / p for p in LARGEST if (CORPUS / p).is_file()]
        if len(present) < len(LARGEST):
            print(f"note: {CORPUS} is missing (or lacks {', '.join(LARGEST)}): only the bundled sample is measured",
                  file=sys.stderr)
        reports += present
    org, office, client = setup()
    print(environment())
    print()
    print("| report | tasks | with a suggested lead | median (ms) | slowest (ms) | page (KB) | gzipped (KB) | queries |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for path in reports:
        print(measure(path, args.requests, org, office, client))


if __name__ == "__main__":
    main()
