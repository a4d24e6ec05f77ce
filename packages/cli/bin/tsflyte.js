#!/usr/bin/env node
// The `tsflyte` command: a checked-in launcher, so npm links it before the package is built.
import "../dist/bin/tsflyte.js";
