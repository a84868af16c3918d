#include "TeamNameAdvisor.h"
