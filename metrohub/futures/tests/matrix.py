"""URL samples for the permission matrix: Metro Futures' public pages answer without a release."""


def samples() -> dict:
    return {"indicator": "pm25", "city": "dakar", "number": 1, "name": "manifest.json"}
