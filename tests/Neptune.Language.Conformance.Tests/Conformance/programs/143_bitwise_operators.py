a = 0b1100
b = 0b1010
return (a & b, a | b, a ^ b, ~a, a << 3, a >> 2, -a >> 1, -1 << 4, 0xff & -256, (5).bit_length(), (-5).bit_length(), (0).bit_length(), True & False, True | False, True ^ True)
