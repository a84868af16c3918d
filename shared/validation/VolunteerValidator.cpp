#include "VolunteerValidator.h"
