from math import pi as __builtins__
return __builtins__
