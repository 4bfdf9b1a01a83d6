import sys
return sys.modules
