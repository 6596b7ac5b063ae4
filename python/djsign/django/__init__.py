"""djsign inside Django: ``djsign.django.sessions`` is a ``SESSION_ENGINE``."""
