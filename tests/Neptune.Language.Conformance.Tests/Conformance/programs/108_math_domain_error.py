import math
return math.sqrt(-1)
