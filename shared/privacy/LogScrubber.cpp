#include "LogScrubber.h"
