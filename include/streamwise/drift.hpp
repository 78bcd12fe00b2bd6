#pragma once
/// @file
/// Drift detectors (`river.drift`, `river.drift.binary`): includes every public header of
/// `streamwise/drift/`.

#include "streamwise/drift/adwin.hpp"
#include "streamwise/drift/binary/bit_input.hpp"
#include "streamwise/drift/binary/ddm.hpp"
#include "streamwise/drift/binary/eddm.hpp"
#include "streamwise/drift/binary/fhddm.hpp"
#include "streamwise/drift/binary/hddm_a.hpp"
#include "streamwise/drift/binary/hddm_w.hpp"
#include "streamwise/drift/kswin.hpp"
#include "streamwise/drift/page_hinkley.hpp"
