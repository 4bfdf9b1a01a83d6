import os
return os.getcwd()
