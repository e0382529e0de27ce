import sys
from math import *  # a C extension: its names are unknown

globals()["generated"] = 1
setattr(sys.modules[__name__], "also_generated", 2)
