big = 1e308 * 10
return (big, -big, big - big != big - big, str(big), 1e22, 2.5e-5, 1 / 8)
