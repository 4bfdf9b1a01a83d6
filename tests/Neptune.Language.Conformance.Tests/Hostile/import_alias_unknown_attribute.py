import math as os
return os.system("echo hi")
