#include "RegionResolver.h"
