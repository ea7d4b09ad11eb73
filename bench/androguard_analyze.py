"""AnalyzeAPK over many APKs in ONE python process (bench/scan.ts).

Reads APK paths from stdin, one a line; prints one JSON line per APK:
{"path", "ms", "cpuMs", "peakRssMb", "error"}. The interpreter start and the
androguard import are excluded from every figure; peakRssMb is the process
high-water mark after that APK (ru_maxrss never goes down).
"""
import gc
import json
import logging
import resource
import signal
import sys
import time

try:
    from loguru import logger
    logger.remove()
except Exception:
    pass
logging.disable(logging.CRITICAL)
from androguard.misc import AnalyzeAPK  # noqa: E402

TIMEOUT_SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 600


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, on_alarm)
print(json.dumps({"ready": True, "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
for line in sys.stdin:
    path = line.rstrip("\n")
    if not path:
        continue
    error = None
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    signal.alarm(TIMEOUT_SECONDS)
    try:
        a, d, dx = AnalyzeAPK(path)
        del a, d, dx
    except Timeout:
        error = "timeout after %d s" % TIMEOUT_SECONDS
    except BaseException as exception:  # androguard raises many kinds on malformed files
        error = "%s: %s" % (type(exception).__name__, str(exception)[:200])
    finally:
        signal.alarm(0)
    elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    gc.collect()
    print(json.dumps({
        "path": path, "ms": elapsed * 1000,
        "cpuMs": (usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime) * 1000,
        "peakRssMb": usage.ru_maxrss / 1024, "error": error,
    }), flush=True)
