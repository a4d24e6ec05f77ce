#!/usr/bin/env node
// The `tsflyte-execute` command: a checked-in launcher, so npm links it before the package is built.
import "../dist/bin/tsflyte-execute.js";
