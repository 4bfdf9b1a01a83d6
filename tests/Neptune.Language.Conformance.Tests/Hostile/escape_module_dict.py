import math
return math.__dict__
