#!/usr/bin/env bash
# Hook run by up.sh after migrations and before the services start, with env.sh's variables and
# IRONCAGE_ADMIN_KEY exported. Put idempotent demo seeding here (it runs on every `npm run up`).
exit 0
