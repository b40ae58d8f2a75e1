"""``--output junit``: JUnit XML, for CI test-report viewers.

One ``testsuite`` per input file; one ``testcase`` per finding (named by location, pointer
and rule, numbered when that repeats, as viewers merge testcases of one name), failed when the
finding is at or above ``--fail-level`` and passed otherwise (its message in ``system-out``),
so the report fails exactly when the exit code does. An input that cannot be read at all
(``io-error``, ``usage-error``: exit code 2) is a JUnit ``error``, not a failure: nothing was
tested. A file without findings gets one passing testcase, so that every linted file appears.
Per finding rather than per record: a million clean records would make a report nobody opens.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, ClassVar

from jobstatus._lint._model import Finding, Summary
from jobstatus._lint._report import Reporter, plain

_NOT_TESTED = frozenset({"io-error", "usage-error"})
"""Rules of an input that could not be read at all (exit code 2): nothing of it was tested."""

# Characters XML 1.0 cannot hold at all (payload keys can carry them into pointers).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


class JunitReporter(Reporter):
    name: ClassVar[str] = "junit"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.files: dict[str, list[Finding]] = {}

    def file(self, name: str) -> None:
        self.files.setdefault(name, [])

    def finding(self, finding: Finding) -> None:
        self.files.setdefault(finding.file, []).append(finding)

    def finish(self, summary: Summary) -> None:
        root = ET.Element("testsuites", name="jobstatus lint")
        total = failed = broken = 0
        for name, findings in self.files.items():
            suite = ET.SubElement(root, "testsuite", name=_xml(name))
            failures = errors = 0
            named: dict[str, int] = {}
            for finding in findings:
                case_name = finding.location + (f" {finding.pointer}" if finding.pointer else "")
                case_name += f" [{finding.rule}]"
                named[case_name] = seen = named.get(case_name, 0) + 1
                if seen > 1:
                    case_name += f" ({seen})"
                case = ET.SubElement(suite, "testcase", classname=_xml(name),
                                     name=_xml(case_name))
                text = _xml(plain(finding))
                if finding.rule in _NOT_TESTED:
                    errors += 1
                    error = ET.SubElement(case, "error", type=finding.rule,
                                          message=_xml(finding.message))
                    error.text = text
                elif finding.severity >= self.fail_level:
                    failures += 1
                    failure = ET.SubElement(case, "failure", type=finding.rule,
                                            message=_xml(finding.message))
                    failure.text = text
                else:
                    ET.SubElement(case, "system-out").text = text
            if not findings:
                ET.SubElement(suite, "testcase", classname=_xml(name), name="no findings")
            tests = max(len(findings), 1)
            suite.set("tests", str(tests))
            suite.set("failures", str(failures))
            suite.set("errors", str(errors))
            suite.set("skipped", "0")
            total += tests
            failed += failures
            broken += errors
        root.set("tests", str(total))
        root.set("failures", str(failed))
        root.set("errors", str(broken))
        ET.indent(root)
        self.out.write(ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n")
