# The site's one date style, in Spanish (see conference/formats/en).
DATE_FORMAT = r"l j \d\e F \d\e Y"  # martes 9 de junio de 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"l j \d\e F \d\e Y, H:i"
SHORT_DATE_FORMAT = r"j \d\e F \d\e Y"
SHORT_DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
