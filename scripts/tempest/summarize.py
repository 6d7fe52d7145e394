"""Counts one Tempest run and judges it against the list of failures known to be someone else's.

Usage: summarize.py <suite name> <subunit2csv output> <known failures file>

Prints passed / failed / skipped, every failed test (marked "known" when the known-failures file
names it), and exits 1 when a test failed that the file does not name. A test that the file names
but that passed is reported, so the list can shrink. Test ids are compared without their
"[id-...,attrs]" suffix; lines of the known-failures file are test ids (or an id prefix ending in
"."), a "#" starts a comment.
"""
import csv
import sys


def base_id(test_id):
    return test_id.split('[', 1)[0].strip()


def load_known(path):
    known = []
    with open(path, encoding='utf-8') as lines:
        for line in lines:
            entry = line.split('#', 1)[0].strip()
            if entry:
                known.append(entry)
    return known


def is_known(test_id, known):
    test = base_id(test_id)
    for entry in known:
        if test == entry or (entry.endswith('.') and test.startswith(entry)):
            return True
        # A class whose set-up failed is reported as "setUpClass (module.Class)".
        if test.startswith('setUpClass (') and entry.endswith('.') and test[len('setUpClass ('):-1].startswith(
                entry.rstrip('.')):
            return True
    return False


suite, results, known_file = sys.argv[1:4]
known = load_known(known_file)
passed, failed, skipped = [], [], []
with open(results, encoding='utf-8') as rows:
    for row in csv.DictReader(rows):
        status = row['status']
        if status in ('success', 'xfail'):
            passed.append(row['test'])
        elif status == 'skip':
            skipped.append(row['test'])
        elif status in ('fail', 'failure', 'uxsuccess'):
            failed.append(row['test'])

unexpected = [test for test in failed if not is_known(test, known)]
print(f'== {suite}: {len(passed)} passed, {len(failed)} failed, {len(skipped)} skipped')
for test in sorted(failed):
    print(f'   FAILED {"(known) " if test not in unexpected else ""}{base_id(test)}')
for test in sorted(passed):
    if is_known(test, known):
        print(f'   passed although listed as a known failure: {base_id(test)}')
if unexpected:
    print(f'== {suite}: {len(unexpected)} failure(s) not in {known_file}')
sys.exit(1 if unexpected else 0)
