exit(0)
return 1
