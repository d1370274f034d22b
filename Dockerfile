# syntax=docker/dockerfile:1

# --- build: compile the dependencies into a virtualenv -----------------------
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# Exactly the packages of requirements.lock, each checked against its hash.
COPY requirements.lock /tmp/requirements.lock
RUN pip install --no-deps --require-hashes -r /tmp/requirements.lock

# --- runtime: the app, its static files and nothing else ---------------------
FROM python:3.11-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=site_project.settings.production \
    PORT=8000
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY . .
# Static files are collected, hashed and compressed once, at build time.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown app:app /app/media
USER 10001:10001
EXPOSE 8000
VOLUME ["/app/media"]
# Migrations are a release step (`python manage.py migrate`), not part of start-up.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "site_project.wsgi:application"]
