#!/usr/bin/python3
"""Times androguard's APK() on each file given on stdin (one path a line) in one process.
Prints one JSON object: per-file seconds (or null on failure) and the peak RSS in KiB."""
import json, resource, sys, time, logging
logging.disable(logging.CRITICAL)
try:
    from loguru import logger
    logger.remove()
except Exception:
    pass
from androguard.core.bytecodes.apk import APK

results = {}
for path in [line.strip() for line in sys.stdin if line.strip()]:
    start = time.perf_counter()
    try:
        apk = APK(path)
        apk.get_package(); apk.get_app_name(); apk.get_permissions()
        results[path] = time.perf_counter() - start
    except Exception:
        results[path] = None
print(json.dumps({"seconds": results, "peakRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
