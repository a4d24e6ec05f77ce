#!/usr/bin/env node
// The `create-flytekit-ts` command (npm create flytekit-ts): a checked-in launcher, so npm links it before the package is built.
import "../dist/bin.js";
