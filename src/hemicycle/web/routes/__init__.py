"""Routes: pages (``pages``, ``elections``, ``runs``, ``admin``) and the JSON API (``api``)."""
