"""gunicorn settings: `gunicorn -c medvirk/gunicorn.conf.py -w 4 -b 127.0.0.1:8000 medvirk.wsgi`.
Access log lines go through a logger that redacts survey tokens from paths and referrers."""

logger_class = "medvirk.logfilters.GunicornLogger"
accesslog = "-"
