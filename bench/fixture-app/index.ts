/** The real app plus one Cosmos-backed point-read route, so the benchmark measures both through the local host. */
import '../../functions/index';
import './point-read';
