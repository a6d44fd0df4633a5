"""Reference geography shipped with novex: provinces and landsdelen (later municipalities, nature)."""
