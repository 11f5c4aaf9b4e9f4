FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY models ./models
COPY sandbox ./sandbox
RUN pip install . \
    && useradd --create-home --uid 10001 gutcheck \
    && mkdir -p /data \
    && chown gutcheck:gutcheck /data

USER gutcheck
# Answers live in the volume; mount it to keep them across container upgrades.
ENV DATABASE_URL=sqlite+aiosqlite:////data/gutcheck.db
VOLUME ["/data"]

CMD ["gutcheck", "run"]
