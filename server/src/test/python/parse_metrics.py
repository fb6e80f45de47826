"""Parses a Prometheus text exposition from stdin with the official Prometheus Python client's
parser, and prints it as JSON: [{"name", "type", "samples": [{"name", "labels", "value"}]}].
Exits non-zero, with the parser's error, on text it cannot parse. Run by MetricsTest."""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def number(value):
    # JSON has no infinities or NaN: they travel as strings.
    return value if math.isfinite(value) else str(value)


families = []
for family in text_string_to_metric_families(sys.stdin.read()):
    families.append({
        "name": family.name,
        "type": family.type,
        "samples": [{"name": s.name, "labels": s.labels, "value": number(s.value)} for s in family.samples],
    })
json.dump(families, sys.stdout)
